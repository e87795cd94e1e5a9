/**
 * Errors raised by the local-data layer.
 *
 * @packageDocumentation
 */

/**
 * A problem with a dataset's local data that the user must fix: an unsupported asset shape,
 * an unreadable path, an invalid block size. Hooks turn it into a Pulumi check failure
 * (`{ property, reason }`) or rethrow its message.
 */
export class DataError extends Error {
  /** The resource input the problem belongs to, e.g. `"source"`. */
  readonly property: string;
  /** The problem without the property prefix, e.g. `remote asset URIs are not supported; ...`. */
  readonly reason: string;

  constructor(property: string, reason: string, options?: { cause?: unknown }) {
    super(`${property}: ${reason}`, options);
    this.name = "DataError";
    this.property = property;
    this.reason = reason;
  }
}

/** True when `e` is a {@link DataError} (also across duplicated module copies). */
export function isDataError(e: unknown): e is DataError {
  return e instanceof DataError || (typeof e === "object" && e !== null && (e as { name?: unknown }).name === "DataError"
    && typeof (e as { property?: unknown }).property === "string" && typeof (e as { reason?: unknown }).reason === "string");
}
