package io.cdpbatch.support;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.restassured.RestAssured;

/** What {@link ApiTest} does; see there. */
public class ApiTestExtension implements BeforeEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ApiTestExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Class<?> type = instance.getClass(); type != Object.class; type = type.getSuperclass()) {
                for (Field field : type.getDeclaredFields()) {
                    if (Modifier.isStatic(field.getModifiers())) {
                        continue;
                    }
                    if (field.getType() == Tenants.class) {
                        field.setAccessible(true);
                        field.set(instance, Tenants.create());
                    } else if (field.getType() == LogCapture.class) {
                        field.setAccessible(true);
                        field.set(instance, logCapture(context));
                    }
                }
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Tenants.class || type == LogCapture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Tenants.class ? Tenants.create() : logCapture(context);
    }

    /** One capture per test, shared by its fields and parameters, stopped when the test ends. */
    private static LogCapture logCapture(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent("logs", key -> new Closing(LogCapture.start()),
                Closing.class).capture();
    }

    /** JUnit closes what its store holds when the test ends, after its {@code @AfterEach} methods. */
    private record Closing(LogCapture capture) implements AutoCloseable {
        @Override
        public void close() {
            capture.close();
        }
    }
}
