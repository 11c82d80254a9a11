package io.redstone.server.persistence;

/** One write's effect as the engine streamed it: the database and the argv to replay. */
public record Effect(int db, byte[][] argv) {}
