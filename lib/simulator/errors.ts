/**
 * An error the simulated service answers with: the ENS error body
 * (`RequestId`, `HostId`, `Code`, `Message`, `Recommend`) and the HTTP status
 * the real gateway uses for that code (docs/ens.md §4).
 */
export class SimError extends Error {
  readonly code: string;
  readonly httpStatus: number;

  constructor(code: string, message: string, httpStatus = 400) {
    super(message);
    this.name = 'SimError';
    this.code = code;
    this.httpStatus = httpStatus;
  }
}

export function missingParameter(name: string): SimError {
  return new SimError(
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

export function invalidParameter(field: string, reason: string): SimError {
  return new SimError(`InvalidParameter.${field}`, `The specified field ${field} invalid. ${reason}`);
}

export function errorBody(err: SimError, requestId: string, host: string) {
  return {
    RequestId: requestId,
    HostId: host,
    Code: err.code,
    Message: err.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=Ens&requestId=${requestId}`,
  };
}
