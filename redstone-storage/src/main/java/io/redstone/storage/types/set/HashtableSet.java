package io.redstone.storage.types.set;

import io.redstone.storage.keyspace.BytesTable;
import io.redstone.storage.keyspace.HashNode;
import io.redstone.storage.types.string.Strings;
import java.security.SecureRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Redis's {@code hashtable} set encoding: members in a {@link BytesTable}, each a bare node, so
 * growing and shrinking are incremental and SSCAN's cursor survives a resize. Member arrays are
 * never changed once stored, so they are kept as the command received them.
 */
final class HashtableSet extends SetValue {
  /** One seed for every set's table, chosen at start as Redis seeds its hash function. */
  private static final int SEED = new SecureRandom().nextInt();

  /** This object (24) and its table (40). */
  private static final long BASE_BYTES = 64;

  /** A node: header, key reference, hash and chain link. */
  private static final long NODE_BYTES = 24;

  private static final long SLOT_BYTES = 4;

  /** A member: the table's node, nothing more. */
  private static final class Member extends HashNode {
    Member(byte[] key, int hash) {
      super(key, hash);
    }
  }

  private final BytesTable<Member> table = new BytesTable<>(SEED);

  /** Nodes and member arrays, kept as members come and go. */
  private long memberBytes;

  /** The members of {@code intset} in a new table. */
  static HashtableSet of(SetValue intset) {
    HashtableSet set = new HashtableSet();
    intset.forEach(set::insert);
    return set;
  }

  private void insert(byte[] member) {
    table.insert(new Member(member, table.hashOf(member)));
    memberBytes += NODE_BYTES + Strings.arrayBytes(member.length);
  }

  @Override
  public String encoding() {
    return "hashtable";
  }

  /**
   * The table's slots are counted as the power of two the member count rounds up to, not as the
   * arrays of the moment: reads move rehash steps along, and the figure may change only on writes.
   */
  @Override
  public long memory() {
    int n = table.size();
    long slots = n <= 4 ? 4 : Long.highestOneBit(n - 1) << 1;
    return BASE_BYTES + memberBytes + SLOT_BYTES * slots;
  }

  @Override
  public int size() {
    return table.size();
  }

  @Override
  public HashtableSet duplicate() {
    HashtableSet copy = new HashtableSet();
    table.forEach(member -> copy.insert(member.key()));
    return copy;
  }

  @Override
  boolean contains(byte[] member) {
    return table.get(member) != null;
  }

  @Override
  SetValue add(byte[] member, long maxIntsetEntries) {
    if (table.get(member) == null) {
      insert(member);
    }
    return this;
  }

  @Override
  boolean remove(byte[] member) {
    Member removed = table.remove(member);
    if (removed == null) {
      return false;
    }
    memberBytes -= NODE_BYTES + Strings.arrayBytes(member.length);
    return true;
  }

  @Override
  byte[] random(RandomGenerator random) {
    return table.randomEntry(random).key();
  }

  @Override
  void forEach(Consumer<byte[]> visitor) {
    table.forEach(member -> visitor.accept(member.key()));
  }

  /**
   * As Redis's {@code scanGenericCommand} over a dict: table steps until {@code count} members were
   * seen, at most {@code 10 * count} steps, or the iteration ends.
   */
  @Override
  long scan(long cursor, long count, Consumer<byte[]> visitor) {
    long[] seen = {0};
    long steps = count > Long.MAX_VALUE / 10 ? Long.MAX_VALUE : count * 10;
    long next = cursor;
    do {
      next =
          table.scan(
              next,
              member -> {
                seen[0]++;
                visitor.accept(member.key());
              });
    } while (next != 0 && steps-- > 0 && seen[0] < count);
    return next;
  }
}
