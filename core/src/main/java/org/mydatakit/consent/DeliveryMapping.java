package org.mydatakit.consent;

import static org.mydatakit.consent.ConsentCodec.PREFIX;
import static org.mydatakit.consent.JsonValues.at;
import static org.mydatakit.consent.JsonValues.enumValue;
import static org.mydatakit.consent.JsonValues.required;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Optional;
import org.mydatakit.consent.ConsentDto.DeliveryDto;
import org.mydatakit.consent.ConsentDto.WindowDto;

/** Maps {@code delivery}: {@code {"kind":"ONE_TIME"}} or a periodic schedule with a budget. */
final class DeliveryMapping {
  private DeliveryMapping() {}

  static DeliveryDto toDto(Delivery delivery) {
    if (delivery instanceof Delivery.Periodic p) {
      Schedule s = p.schedule();
      WindowDto window =
          s.window()
              .map(w -> new WindowDto(w.from().toString(), w.to().toString(), w.zone().getId()))
              .orElse(null);
      return new DeliveryDto(
          "PERIODIC", s.every(), s.unit().name(), p.fetchBudgetPerPeriod(), window);
    }
    return new DeliveryDto("ONE_TIME", null, null, null, null);
  }

  static Delivery fromDto(DeliveryDto d) {
    Delivery.Kind kind = enumValue("delivery.kind", d.kind(), Delivery.Kind.class);
    if (kind == Delivery.Kind.ONE_TIME) {
      absent("delivery.every", d.every());
      absent("delivery.unit", d.unit());
      absent("delivery.fetchBudget", d.fetchBudget());
      absent("delivery.window", d.window());
      return Delivery.oneTime();
    }
    int every = required("delivery.every", d.every());
    Schedule.Unit unit = enumValue("delivery.unit", d.unit(), Schedule.Unit.class);
    int budget = required("delivery.fetchBudget", d.fetchBudget());
    Optional<Schedule.Window> window = Optional.ofNullable(d.window()).map(DeliveryMapping::window);
    Schedule schedule = at("delivery", () -> new Schedule(every, unit, window));
    return at("delivery.fetchBudget", () -> Delivery.periodic(schedule, budget));
  }

  private static Schedule.Window window(WindowDto w) {
    LocalTime from = JsonValues.time("delivery.window.from", w.from());
    LocalTime to = JsonValues.time("delivery.window.to", w.to());
    ZoneId zone = JsonValues.zone("delivery.window.zone", w.zone());
    return at("delivery.window", () -> new Schedule.Window(from, to, zone));
  }

  private static void absent(String path, Object value) {
    if (value != null) {
      throw new IllegalArgumentException(PREFIX + path + ": expected nothing for kind ONE_TIME");
    }
  }
}
