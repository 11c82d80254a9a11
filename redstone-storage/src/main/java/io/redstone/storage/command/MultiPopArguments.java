package io.redstone.storage.command;

import java.util.Arrays;

/**
 * The arguments LMPOP, BLMPOP, ZMPOP and BZMPOP share, parsed as Redis's {@code
 * lmpopGenericCommand} and {@code zmpopGenericCommand} do: {@code numkeys} (at least 1), the keys,
 * one of two end words, then at most one {@code COUNT n} (at least 1); the timeout of a blocking
 * form is read after these, by its caller.
 *
 * @param keys the keys, in order
 * @param second whether the end word was the second of the two (RIGHT, MAX)
 * @param count how many to pop: 1 without COUNT
 */
public record MultiPopArguments(byte[][] keys, boolean second, long count) {
  /**
   * Parses from {@code numkeys} at argument {@code numKeysIndex}; {@code first} and {@code second}
   * are the two end words (LEFT and RIGHT, or MIN and MAX).
   */
  public static MultiPopArguments parse(
      Invocation call, int numKeysIndex, String first, String second) {
    long numKeys = call.argLong(numKeysIndex, Errors.NUMKEYS_NOT_POSITIVE);
    if (numKeys < 1) {
      throw new CommandException(Errors.NUMKEYS_NOT_POSITIVE);
    }
    int firstKey = numKeysIndex + 1;
    if (numKeys >= call.argc() - firstKey) {
      throw new CommandException(Errors.SYNTAX);
    }
    int whereIndex = firstKey + (int) numKeys;
    boolean isSecond;
    if (call.argIs(whereIndex, first)) {
      isSecond = false;
    } else if (call.argIs(whereIndex, second)) {
      isSecond = true;
    } else {
      throw new CommandException(Errors.SYNTAX);
    }
    long count = 1;
    boolean counted = false;
    for (int i = whereIndex + 1; i < call.argc(); i += 2) {
      if (!counted && i + 1 < call.argc() && call.argIs(i, "count")) {
        count = call.argLong(i + 1, Errors.COUNT_NOT_POSITIVE);
        if (count < 1) {
          throw new CommandException(Errors.COUNT_NOT_POSITIVE);
        }
        counted = true;
      } else {
        throw new CommandException(Errors.SYNTAX);
      }
    }
    return new MultiPopArguments(
        Arrays.copyOfRange(call.argv(), firstKey, whereIndex), isSecond, count);
  }
}
