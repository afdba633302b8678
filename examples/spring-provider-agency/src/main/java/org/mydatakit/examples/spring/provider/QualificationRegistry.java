package org.mydatakit.examples.spring.provider;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.mydatakit.consent.CitizenIdentifier;
import org.mydatakit.consent.PairwiseSubjects;
import org.mydatakit.consent.SubjectId;

/**
 * The agency's health-insurance qualifications, keyed by each citizen's pairwise subject at this
 * agency. The sample holds three fictional citizens; their CIs are obviously fake and never leave
 * this class. Immutable.
 */
public final class QualificationRegistry {
  /** A fictional citizen's CI, for the sample's test: 홍길동 (가상 인물), an employee. */
  public static final String HONG_GILDONG_CI = "FAKE-CI-SPRING-SAMPLE-HONG-GILDONG-0001";

  /** A fictional citizen's CI: 김철수 (가상 인물), self-employed. */
  public static final String KIM_CHEOLSU_CI = "FAKE-CI-SPRING-SAMPLE-KIM-CHEOLSU-0002";

  /** A fictional citizen with no record here. */
  public static final String LEE_YOUNGHEE_CI = "FAKE-CI-SPRING-SAMPLE-LEE-YOUNGHEE-0003";

  private final Map<SubjectId, Qualification> bySubject;

  private QualificationRegistry(Map<SubjectId, Qualification> bySubject) {
    this.bySubject = Map.copyOf(bySubject);
  }

  /** The sample's fictional records, keyed with this agency's pairwise-subject key. */
  public static QualificationRegistry sample(byte[] pairwiseKey) {
    Map<SubjectId, Qualification> records = new HashMap<>();
    put(
        records,
        pairwiseKey,
        HONG_GILDONG_CI,
        new Qualification(
            "EMPLOYEE", "직장가입자", LocalDate.of(2015, 3, 2), "가상상사 주식회사 (fictional)", 2));
    put(
        records,
        pairwiseKey,
        KIM_CHEOLSU_CI,
        new Qualification("SELF_EMPLOYED", "지역가입자", LocalDate.of(2019, 7, 1), null, 0));
    return new QualificationRegistry(records);
  }

  private static void put(
      Map<SubjectId, Qualification> records, byte[] key, String ci, Qualification record) {
    try (CitizenIdentifier citizen = CitizenIdentifier.of(ci)) {
      records.put(PairwiseSubjects.subjectFor(key, citizen), record);
    }
  }

  /** The qualification of the citizen the broker calls {@code subject} here, if any. */
  public Optional<Qualification> find(SubjectId subject) {
    return Optional.ofNullable(bySubject.get(subject));
  }

  /** Counts the records, never shows a subject. */
  @Override
  public String toString() {
    return "QualificationRegistry[" + bySubject.size() + " records]";
  }

  /**
   * A citizen's health-insurance qualification (자격득실), as the agency delivers it.
   *
   * @param type the kind of insured: {@code EMPLOYEE} or {@code SELF_EMPLOYED}
   * @param typeName its Korean name
   * @param acquiredOn when the current qualification began
   * @param employer the workplace, for an employee; null otherwise
   * @param dependants how many dependants the citizen's insurance covers
   */
  public record Qualification(
      String type, String typeName, LocalDate acquiredOn, String employer, int dependants) {}
}
