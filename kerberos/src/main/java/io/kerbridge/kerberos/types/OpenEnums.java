package io.kerbridge.kerberos.types;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/** The number → name table of each open enum, built once from its public static constants. */
final class OpenEnums {
    private OpenEnums() {}

    private static final ClassValue<Map<Integer, String>> NAMES = new ClassValue<>() {
        @Override
        protected Map<Integer, String> computeValue(Class<?> type) {
            Map<Integer, String> m = new HashMap<>();
            try {
                for (Field f : type.getDeclaredFields()) {
                    int mod = f.getModifiers();
                    if (Modifier.isStatic(mod) && Modifier.isPublic(mod) && f.getType() == type) {
                        m.putIfAbsent(((OpenEnum) f.get(null)).value(), f.getName());
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            return Map.copyOf(m);
        }
    };

    static Map<Integer, String> names(Class<?> type) {
        return NAMES.get(type);
    }
}
