/** Logback plumbing that makes Redstone's log lines look like Redis's. */
package io.redstone.server.logging;
