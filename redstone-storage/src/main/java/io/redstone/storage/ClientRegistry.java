package io.redstone.storage;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The connected clients, in connection order; owned by the storage thread. */
public final class ClientRegistry {
  private final Map<Long, ClientSession> byId = new LinkedHashMap<>();

  public void add(ClientSession session) {
    byId.put(session.id(), session);
  }

  public void remove(ClientSession session) {
    byId.remove(session.id());
  }

  public ClientSession get(long id) {
    return byId.get(id);
  }

  public int size() {
    return byId.size();
  }

  public Collection<ClientSession> all() {
    return Collections.unmodifiableCollection(byId.values());
  }
}
