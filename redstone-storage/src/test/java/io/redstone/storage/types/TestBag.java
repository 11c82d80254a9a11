package io.redstone.storage.types;

import java.util.ArrayList;
import java.util.List;

/**
 * A container for tests of the engine's write path, before and apart from the real types: a list of
 * elements posing as a value of {@code type}, which costs 100 bytes an element.
 */
public final class TestBag implements Container {
  public static final long BYTES_PER_ELEMENT = 100;

  private final ValueType type;
  private final List<String> elements = new ArrayList<>();

  public TestBag(ValueType type, String... elements) {
    this.type = type;
    this.elements.addAll(List.of(elements));
  }

  public List<String> elements() {
    return elements;
  }

  @Override
  public ValueType type() {
    return type;
  }

  @Override
  public String encoding() {
    return "testbag";
  }

  @Override
  public long memory() {
    return elements.size() * BYTES_PER_ELEMENT;
  }

  @Override
  public int size() {
    return elements.size();
  }

  @Override
  public Container duplicate() {
    return new TestBag(type, elements.toArray(String[]::new));
  }

  @Override
  public long serializedLength() {
    return 0;
  }

  @Override
  public StoredValue encode(PartLimits limits) {
    return new StoredValue(type, String.join(",", elements).getBytes());
  }
}
