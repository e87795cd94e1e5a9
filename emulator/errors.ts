/** Errors rendered as the swagger `Error` body: `{code, message, innerError?: {code, message}}`. */

/** An API error with its HTTP status. Throw it from a handler; the server renders it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly innerCode?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  /** The JSON body (`Error` schema). */
  body(): { code: string; message: string; innerError?: { code: string; message: string } } {
    return this.innerCode
      ? { code: this.code, message: this.message, innerError: { code: this.innerCode, message: this.message } }
      : { code: this.code, message: this.message };
  }
}

export const invalidArgument = (message: string, innerCode = "InvalidParameterValue") =>
  new ApiError(400, "InvalidArgument", message, innerCode);
export const invalidRequest = (message: string, innerCode?: string) => new ApiError(400, "InvalidRequest", message, innerCode);
export const notFound = (message: string) => new ApiError(404, "NotFound", message);
export const conflict = (message: string) => new ApiError(409, "Conflict", message);

/** What the Azure API gateway answers for a wrong or missing key (not the swagger `Error` shape). */
export const UNAUTHORIZED_BODY = {
  error: {
    code: "401",
    message:
      "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.",
  },
};
