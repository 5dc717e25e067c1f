package dev.backroom.hub.core.scheduler;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code spread attribute:NAME}: prefer the attribute value (a zone, a shelf) with the fewest
 * tasks of the service, so losing one value loses the fewest. Devices lacking the attribute come
 * last: they belong to no value, so placing there spreads nothing. Tasks on lost and draining
 * devices are not counted, because they are about to go away.
 */
final class AttributeSpreadScorer implements PlacementScorer {
  private final String attribute;

  AttributeSpreadScorer(String attribute) {
    this.attribute = attribute;
  }

  @Override
  public Comparator<DeviceLoad> ranking(TaskRequest task, Collection<DeviceLoad> loads) {
    Map<String, Integer> byValue = new HashMap<>();
    for (DeviceLoad l : loads) {
      String value = l.device().attributes().get(attribute);
      DeviceCondition c = l.device().condition();
      if (value != null && c != DeviceCondition.LOST && c != DeviceCondition.DRAINING) {
        byValue.merge(value, l.tasksOf(task.serviceName()), Integer::sum);
      }
    }
    return Comparator.comparingLong(l -> {
      String value = l.device().attributes().get(attribute);
      return value == null ? Long.MAX_VALUE : byValue.getOrDefault(value, 0);
    });
  }
}
