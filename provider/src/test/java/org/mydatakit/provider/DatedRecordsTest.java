package org.mydatakit.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mydatakit.provider.GateFixture.ITEM;
import static org.mydatakit.provider.GateFixture.YEAR_2025;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class DatedRecordsTest {
  private final GateFixture f = new GateFixture();
  private final ProviderGate gate = f.gate();

  private Admission admission(String grant, String query) {
    return (Admission) gate.admit(f.request(grant, ITEM, query).build());
  }

  private static JsonNode json(String text) throws Exception {
    return GateFixture.JSON.readTree(text.replace('\'', '"'));
  }

  @Test
  void yearsAndDatesOutsideTheRangeAreLeftOut() throws Exception {
    JsonNode certificate =
        json(
            "{'certificate':'x','attributionYears':[{'attributionYear':2024,'amount':1},"
                + "{'attributionYear':2025,'amount':2}],"
                + "'payments':[{'paidOn':'2024-05-31'},{'paidOn':'2025-05-31'},{'note':'undated'}]}");
    DatedRecords.Filtered kept =
        DatedRecords.filter(certificate, admission(f.grant(YEAR_2025), ""));
    assertThat(kept.json())
        .isEqualTo(
            json(
                "{'certificate':'x','attributionYears':[{'attributionYear':2025,'amount':2}],"
                    + "'payments':[{'paidOn':'2025-05-31'}]}"));
    assertThat(kept.count()).isEqualTo(2);
    assertThat(certificate.get("attributionYears")).hasSize(2); // the source is not changed
  }

  @Test
  void aYearIsKeptWhenTheRangeOverlapsIt() throws Exception {
    JsonNode record = json("{'years':[{'year':2024},{'year':2025},{'year':2026}]}");
    DatedRecords.Filtered kept =
        DatedRecords.filter(record, admission(f.grant(YEAR_2025), "from=2025-12-01"));
    assertThat(kept.json()).isEqualTo(json("{'years':[{'year':2025}]}"));
  }

  @Test
  void withoutARangeEverythingIsKept() throws Exception {
    JsonNode record = json("{'rows':[{'date':'1999-01-01'},{'note':'undated'}]}");
    DatedRecords.Filtered kept = DatedRecords.filter(record, admission(f.grant(), ""));
    assertThat(kept.json()).isEqualTo(record);
    assertThat(kept.count()).isEqualTo(2);
    assertThat(DatedRecords.filter(json("{'state':'active'}"), admission(f.grant(), "")).count())
        .isEqualTo(1);
  }
}
