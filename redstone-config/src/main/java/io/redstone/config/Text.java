package io.redstone.config;

import java.util.List;
import java.util.Set;

/**
 * A string, checked by a rule where Redis has one.
 *
 * @param rule what the string must look like
 * @param emptyMeansUnset whether {@code ""} means "not set" (Redis stores NULL), so CONFIG REWRITE
 *     drops the directive instead of writing {@code name ""}
 */
public record Text(Rule rule, boolean emptyMeansUnset) implements ValueKind {

  /** Redis's validity checks for particular string directives. */
  public enum Rule {
    ANY,
    /** dbfilename: a bare file name. */
    RDB_FILE_NAME,
    /** appendfilename: a non-empty bare file name. */
    AOF_FILE_NAME,
    /** appenddirname: a non-empty bare directory name. */
    AOF_DIR_NAME,
    /** cluster-announce-hostname. */
    HOSTNAME,
    /** proc-title-template: known {variables} that expand to something. */
    PROC_TITLE_TEMPLATE,
    /** metrics-user: an HTTP basic-auth user name, which ends at the first colon. */
    BASIC_AUTH_USER
  }

  public static Text any() {
    return new Text(Rule.ANY, false);
  }

  public static Text optional() {
    return new Text(Rule.ANY, true);
  }

  @Override
  public String normalize(List<String> args, String current) throws ConfigException {
    String value = args.get(0);
    check(value);
    return value;
  }

  private void check(String value) throws ConfigException {
    switch (rule) {
      case ANY -> {}
      case RDB_FILE_NAME -> {
        if (!isBaseName(value)) {
          throw new ConfigException("dbfilename can't be a path, just a filename");
        }
      }
      case AOF_FILE_NAME -> {
        if (value.isEmpty()) {
          throw new ConfigException("appendfilename can't be empty");
        }
        if (!isBaseName(value)) {
          throw new ConfigException("appendfilename can't be a path, just a filename");
        }
      }
      case AOF_DIR_NAME -> {
        if (value.isEmpty()) {
          throw new ConfigException("appenddirname can't be empty");
        }
        if (!isBaseName(value)) {
          throw new ConfigException("appenddirname can't be a path, just a dirname");
        }
      }
      case HOSTNAME -> checkHostname(value);
      case PROC_TITLE_TEMPLATE -> {
        if (!ProcTitleTemplate.isValid(value)) {
          throw new ConfigException("template format is invalid or contains unknown variables");
        }
      }
      case BASIC_AUTH_USER -> {
        if (value.indexOf(':') >= 0) {
          throw new ConfigException("a basic-auth user name can't contain ':'");
        }
      }
      default -> throw new AssertionError(rule);
    }
  }

  private static boolean isBaseName(String path) {
    return path.indexOf('/') < 0 && path.indexOf('\\') < 0;
  }

  private static void checkHostname(String value) throws ConfigException {
    if (value.length() >= 256) {
      throw new ConfigException("Hostnames must be less than 256 characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.';
      if (!allowed) {
        throw new ConfigException(
            "Hostnames may only contain alphanumeric characters, hyphens or dots");
      }
    }
  }

  /** Redis's proc title templates: {@code {name}} variables, {@code {{}} and {@code }}} escapes. */
  static final class ProcTitleTemplate {
    private static final Set<String> VARIABLES =
        Set.of(
            "title", "listen-addr", "server-mode", "port", "tls-port", "unixsocket", "config-file");
    // Variables that always expand to something; the others may be empty (as the title is when
    // Redis validates the template).
    private static final Set<String> NON_EMPTY = Set.of("listen-addr", "port", "tls-port");

    private ProcTitleTemplate() {}

    static boolean isValid(String template) {
      boolean producesText = false;
      int i = 0;
      while (i < template.length()) {
        char c = template.charAt(i);
        if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
          producesText = true;
          i += 2;
        } else if (c == '{') {
          int end = template.indexOf('}', i + 1);
          if (end < 0) {
            return false;
          }
          String name = template.substring(i + 1, end);
          if (!VARIABLES.contains(name)) {
            return false;
          }
          producesText |= NON_EMPTY.contains(name);
          i = end + 1;
        } else {
          producesText |= c != ' ';
          i += (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') ? 2 : 1;
        }
      }
      return producesText;
    }
  }
}
