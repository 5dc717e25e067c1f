package dev.backroom.cloud.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.backroom.config.validate.Violation;
import dev.backroom.sync.wire.ErrorCodes;
import dev.backroom.sync.wire.SyncJson;
import java.util.List;

/**
 * Reads a JSON request body into a record, refusing what would otherwise be dropped: fields the
 * record does not have, and fractions where whole numbers are meant. Every refusal is a 400
 * naming the field.
 */
public final class StrictBody {
  private StrictBody() {}

  /**
   * @param what names the body in messages, e.g. "access key"
   * @param fields the fields the body takes, quoted back when an unknown one is given
   */
  public static <T> T read(String json, Class<T> type, String what, String fields) {
    if (json == null || json.isBlank()) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, what, List.of(new Violation("",
          "a JSON body is required (its fields: " + fields + ")")));
    }
    try {
      T body = SyncJson.mapper().readerFor(type)
          .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .without(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          .readValue(json);
      if (body == null) {
        throw CloudError.invalid(ErrorCodes.BAD_REQUEST, what,
            List.of(new Violation("", "must be a JSON object")));
      }
      return body;
    } catch (UnrecognizedPropertyException e) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, what, List.of(new Violation(
          e.getPropertyName(), "unknown field: the body takes " + fields)));
    } catch (JsonProcessingException e) {
      throw CloudError.badRequest(what + ": body is not valid JSON of the expected shape: "
          + e.getOriginalMessage());
    }
  }

  /** Actions that take no body refuse one that says something, which would be ignored. */
  public static void none(String body) {
    if (body != null && !body.isBlank() && !body.replaceAll("\\s", "").equals("{}")) {
      throw CloudError.invalid(ErrorCodes.BAD_REQUEST, "request",
          List.of(new Violation("", "this action takes no body")));
    }
  }
}
