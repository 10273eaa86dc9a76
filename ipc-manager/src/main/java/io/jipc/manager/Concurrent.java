package io.jipc.manager;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares that an implementation registered with a manager is thread-safe: the manager then runs calls on one of
 * its objects from several clients at once. Without it, a manager runs one call at a time per object.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Concurrent {
}
