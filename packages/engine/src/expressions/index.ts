/** Expression evaluation: compile-once JSONata with time and depth guardrails, and config resolution. */
export * from './compile-expression';
export * from './resolve-config';
