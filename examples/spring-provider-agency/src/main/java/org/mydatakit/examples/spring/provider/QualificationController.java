package org.mydatakit.examples.spring.provider;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.mydatakit.provider.Admission;
import org.mydatakit.provider.ProviderGateFilter;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The agency's one records endpoint. The starter's gate has already checked the grant, its DPoP
 * proof, the consent's status and the item, so a request that reaches here is admitted: the
 * endpoint delivers the record of the grant's subject, and nothing else.
 */
@RestController
class QualificationController {
  private final QualificationRegistry registry;

  QualificationController(QualificationRegistry registry) {
    this.registry = registry;
  }

  /** The admitted subject's qualification, or the gate's "no record" problem. */
  @GetMapping(
      path = "/mydata/v1/items/nhis.qualification",
      produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<QualificationRegistry.Qualification> qualification(
      HttpServletRequest request, HttpServletResponse response) throws IOException {
    Admission admission = ProviderGateFilter.admission(request);
    Optional<QualificationRegistry.Qualification> record =
        registry.find(admission.grant().subject());
    if (record.isEmpty()) {
      ProviderGateFilter.refuse(response, admission.noRecord());
      return null;
    }
    ProviderGateFilter.recordCount(request, 1);
    return ResponseEntity.ok(record.get());
  }
}
