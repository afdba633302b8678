package org.mydatakit.broker;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.mydatakit.audit.AuditEntry;

/** Iterates a store's audit log page by page, holding one page at a time. */
final class AuditPages implements Iterator<AuditEntry> {
  private final ConsentStore store;
  private final int size;
  private List<AuditEntry> page;
  private int next;

  AuditPages(ConsentStore store, int size) {
    this.store = store;
    this.size = size;
    this.page = store.audit(0, size);
  }

  @Override
  public boolean hasNext() {
    if (next < page.size()) {
      return true;
    }
    if (page.size() < size) {
      return false;
    }
    page = store.audit(page.get(page.size() - 1).sequence(), size);
    next = 0;
    return !page.isEmpty();
  }

  @Override
  public AuditEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return page.get(next++);
  }
}
