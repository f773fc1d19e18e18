package io.kerbridge.cloud.http;

import io.kerbridge.cloud.ApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON mapper of the service, strict on input: unknown fields, duplicate keys, trailing data are refused. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    public static JsonNode parse(String text) throws ApiException {
        try {
            return MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw ApiException.badRequest("malformed_json", "the request body is not valid JSON");
        }
    }

    /** Binds a request body to a record; unknown or mistyped fields are 400s naming the field. */
    public static <T> T bind(JsonNode body, Class<T> type) throws ApiException {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("invalid_body", "the request body must be a JSON object");
        }
        try {
            return MAPPER.treeToValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw ApiException.badRequest("unknown_field", "unknown field '" + e.getPropertyName() + "'");
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? "?" : String.valueOf(e.getPath().get(e.getPath().size() - 1).getPropertyName());
            throw ApiException.badRequest("invalid_field", "field '" + field + "' has the wrong type");
        } catch (JacksonException e) {
            throw ApiException.badRequest("invalid_body", "the request body does not have the expected shape");
        }
    }

    public static <T> T require(T value, String field) throws ApiException {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw ApiException.badRequest("missing_field", "field '" + field + "' is required");
        }
        return value;
    }
}
