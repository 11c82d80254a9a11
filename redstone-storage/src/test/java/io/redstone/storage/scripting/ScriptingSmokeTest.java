package io.redstone.storage.scripting;

import io.redstone.storage.EngineHarness;
import org.junit.jupiter.api.Test;

class ScriptingSmokeTest {
  @Test
  void print() {
    EngineHarness h = new EngineHarness();
    String[][] cases = {
      {"EVAL", "return redis.call('incr', KEYS[1])", "1", "n"},
      {"EVAL", "return x", "0"},
      {"EVAL", "x = 1", "0"},
      {"EVAL", "return 1.9", "0"},
      {"EVAL", "return {1,2,nil,3}", "0"},
      {"EVAL", "return redis.call('nosuch')", "0"},
      {"EVAL", "return redis.pcall('nosuch')", "0"},
      {"EVAL", "error('boom')", "0"},
      {"EVAL", "error({err='x'})", "0"},
      {"EVAL", "return 1 +", "0"},
      {
        "EVAL",
        "return tostring(1/3)..' '..tostring(1e15)..' '..tostring(2^53)..' '..tostring(0/0)..' '..tostring(1/0)",
        "0"
      },
      {"EVAL", "local t={} t.x.y = 1", "0"},
      {"EVAL", "return string.rep()", "0"},
      {"EVAL", "local ok, e = pcall(string.rep) return e", "0"},
      {"EVAL", "return redis.call('get')", "0"},
      {"EVAL", "return {1,2,{3,'x',{err='e'}}, {ok='fine'}, 2.7, -2.7, true, false}", "0"},
      {"EVAL", "return 0/0", "0"},
      {"EVAL", "return cmsgpack.unpack(cmsgpack.pack({1,2,'x'}, 'y'))", "0"},
      {"EVAL", "return cjson.encode({a={1,2,3}, b='x/y'})", "0"},
      {"EVAL", "return bit.band(0xff, 0x0f) .. bit.tohex(-1) .. bit.bnot(0)", "0"},
      {"EVAL", "local function f(n) return f(n+1) + 1 end return f(1)", "0"},
      {"EVAL", "redis.setresp(3) return redis.call('hgetall', 'nokey')", "0"},
      {"EVAL", "return redis.call('blpop', 'nolist', 0)", "0"},
      {"EVAL_RO", "return redis.call('set', 'a', 1)", "0"},
      {"EVAL", "#!lua flags=no-writes\nreturn redis.call('set', 'a', 1)", "0"},
      {"EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"},
      {"EVAL", "return type(loadstring)..type(unpack)..type(os)", "0"},
    };
    for (String[] c : cases) {
      System.out.println(
          String.join(" | ", c).replace("\n", "\\n")
              + "  =>  "
              + h.call(c).replace("\r\n", "\\r\\n"));
    }
    System.out.println(h.mutations());
  }
}
