/** Configuration directives by their redis.conf names, their validation and current values. */
package io.redstone.storage.config;
