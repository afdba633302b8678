package org.mydatakit.provider;

/** The in-memory ledger keeps the contract; its "two nodes" are one instance, as one node has. */
class InMemoryGrantUseLedgerTest extends GrantUseLedgerContract {
  private GrantUseLedger ledger;

  @Override
  protected GrantUseLedger createLedger() {
    ledger = GrantUseLedger.inMemory();
    return ledger;
  }

  @Override
  protected GrantUseLedger secondNode() {
    return ledger;
  }

  /** Full of live uses, it refuses to record another. */
  @Override
  protected GrantUseLedger unavailableLedger() {
    GrantUseLedger full = GrantUseLedger.inMemory(1);
    full.claim("grant-filler", INCOME, null, t0, forgetAfter);
    return full;
  }
}
