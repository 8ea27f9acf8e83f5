/**
 * The layering rules ({@link io.pal.compat.arch.Layering}) and the proof that each can fail
 * ({@link io.pal.compat.arch.LayeringRulesTest} against the fixtures in {@code io.pal.compat.fixtures}).
 *
 * <p>Why fixtures compiled into foreign packages rather than rules parameterised by package: the
 * point is to show that the rule as it stands, with the packages it names, catches a class in
 * that place. A rule rewritten for the test would prove only the rewritten rule.
 */
package io.pal.compat.arch;
