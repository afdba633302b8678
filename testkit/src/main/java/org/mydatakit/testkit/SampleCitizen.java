package org.mydatakit.testkit;

import java.util.List;
import org.mydatakit.consent.CitizenIdentifier;

/**
 * A fictional citizen (가상 인물) whose records the fake provider agencies serve: an obviously fake CI
 * ({@code FAKE-CI-…}), a fictional name, never a real resident registration number.
 *
 * <pre>{@code
 * Consent consent = broker.approvedConsent(SampleCitizen.HONG_GILDONG, AgencyId.of("KB-BANK"),
 *     DataItem.of(AgencyId.of("NHIS"), ItemCode.of("nhis.qualification")));
 * try (CitizenIdentifier ci = SampleCitizen.HONG_GILDONG.ci()) { ... }
 * }</pre>
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows the handle ({@code HONG_GILDONG}), never
 * the CI. {@link #LEE_YOUNGHEE} has no record at NTS nor at SEOUL-JUNGGU, so that "no record" (404)
 * can be tested.
 */
public final class SampleCitizen {
  /** 홍길동 (가상 인물 / fictional): an employee in Seoul with records at every sample agency. */
  public static final SampleCitizen HONG_GILDONG =
      new SampleCitizen("HONG_GILDONG", "홍길동", "FAKE-CI-HONG-GILDONG-0001");

  /** 김철수 (가상 인물 / fictional): self-employed, with records at every sample agency. */
  public static final SampleCitizen KIM_CHEOLSU =
      new SampleCitizen("KIM_CHEOLSU", "김철수", "FAKE-CI-KIM-CHEOLSU-0002");

  /** 이영희 (가상 인물 / fictional): a dependant, with records at NHIS and MOIS only. */
  public static final SampleCitizen LEE_YOUNGHEE =
      new SampleCitizen("LEE_YOUNGHEE", "이영희", "FAKE-CI-LEE-YOUNGHEE-0003");

  private static final List<SampleCitizen> ALL = List.of(HONG_GILDONG, KIM_CHEOLSU, LEE_YOUNGHEE);

  private final String handle;
  private final String name;
  private final String ci;

  private SampleCitizen(String handle, String name, String ci) {
    this.handle = handle;
    this.name = name;
    this.ci = ci;
  }

  /** Every sample citizen. */
  public static List<SampleCitizen> all() {
    return ALL;
  }

  /** The constant's name, e.g. {@code HONG_GILDONG}: safe to log. */
  public String handle() {
    return handle;
  }

  /** The fictional Korean name, e.g. 홍길동. */
  public String name() {
    return name;
  }

  /**
   * A new {@link CitizenIdentifier} holding the fake CI; close it after use. Even fake, a CI must
   * not be logged: the log-leak guard of the tests rejects {@code FAKE-CI}.
   */
  public CitizenIdentifier ci() {
    return CitizenIdentifier.of(ci);
  }

  @Override
  public String toString() {
    return "SampleCitizen[" + handle + "]";
  }
}
