package io.kerbridge.kerberos.types;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/** Builds the number → name table of an open enum from its public static constants. */
final class OpenEnums {
    private OpenEnums() {}

    static Map<Integer, String> names(Class<? extends Record> type) {
        Map<Integer, String> m = new HashMap<>();
        try {
            for (Field f : type.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) && Modifier.isPublic(mod) && f.getType() == type) {
                    int v = (int) type.getRecordComponents()[0].getAccessor().invoke(f.get(null));
                    m.putIfAbsent(v, f.getName());
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return Map.copyOf(m);
    }
}
