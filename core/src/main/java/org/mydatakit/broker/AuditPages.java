package org.mydatakit.broker;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.mydatakit.audit.LoggedEntry;

/** Iterates a store's audit log page by page, holding one page at a time. */
final class AuditPages<T> implements Iterator<T> {
  private final ConsentStore store;
  private final int size;
  private final Function<LoggedEntry, T> view;
  private List<LoggedEntry> page;
  private int next;

  AuditPages(ConsentStore store, int size, Function<LoggedEntry, T> view) {
    this.store = store;
    this.size = size;
    this.view = view;
    this.page = store.logged(0, size);
  }

  @Override
  public boolean hasNext() {
    if (next < page.size()) {
      return true;
    }
    if (page.size() < size) {
      return false;
    }
    page = store.logged(page.get(page.size() - 1).entry().sequence(), size);
    next = 0;
    return !page.isEmpty();
  }

  @Override
  public T next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return view.apply(page.get(next++));
  }
}
