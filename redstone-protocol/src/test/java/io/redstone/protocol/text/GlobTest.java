package io.redstone.protocol.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  private static boolean matches(String pattern, String string) {
    return Glob.matches(
        pattern.getBytes(StandardCharsets.ISO_8859_1),
        string.getBytes(StandardCharsets.ISO_8859_1),
        false);
  }

  @ParameterizedTest(name = "{0} ~ {1} = {2}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      emptyValue = "",
      value = {
        "h?llo     | hello    | true",
        "h?llo     | hllo     | false",
        "h*llo     | heeeello | true",
        "h*llo     | hllo     | true",
        "h[ae]llo  | hallo    | true",
        "h[ae]llo  | hillo    | false",
        "h[^e]llo  | hallo    | true",
        "h[^e]llo  | hello    | false",
        "h[b-a]llo | hallo    | true",
        "h\\*llo   | h*llo    | true",
        "h\\*llo   | hello    | false",
        "h[a       | ha       | true",
        "foo*      | foo      | true",
        "*?*?*?    | ab       | false",
        "*?*?*?    | abc      | true",
        "a*b*c*d   | aXbYcZd  | true",
        "a*b*c*d   | aXbYcZ   | false",
      })
  void followsRedisRules(String pattern, String string, boolean expected) {
    assertThat(matches(pattern, string)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} ~ \"\" = {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      emptyValue = "",
      value = {"\"\" | true", "* | false", "*** | false", "? | false"})
  void anEmptyStringMatchesOnlyTheEmptyPatternAsInRedis(String pattern, boolean expected) {
    assertThat(matches(pattern, "")).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"HELLO, true", "hello, true", "HeLLo, true", "help, false"})
  void ignoresCaseWhenAsked(String string, boolean expected) {
    assertThat(Glob.matches("h*LLO", string, true)).isEqualTo(expected);
  }
}
