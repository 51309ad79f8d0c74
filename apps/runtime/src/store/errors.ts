/** Store errors beyond the contract's own (types.ts): not-found and bad-cursor, so the runtime can map them to 404/400. */

export class FlowNotFoundError extends Error {
  constructor(readonly flowId: string) {
    super(`Flow ${flowId} does not exist: list flows to see which ids are stored.`);
    this.name = 'FlowNotFoundError';
  }
}

export class InvalidCursorError extends Error {
  constructor(readonly cursor: string) {
    super(
      `Cursor "${cursor.slice(0, 40)}" is not valid: pass the nextCursor of a previous page, or omit it.`,
    );
    this.name = 'InvalidCursorError';
  }
}
