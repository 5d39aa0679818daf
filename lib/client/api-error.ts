/** The dashboard API's error body (see lib/server/http.ts), as the browser receives it. */
export interface ErrorBodyShape {
  error?: { code?: string; message?: string; issues?: { path: string; message: string }[]; requestId?: string };
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: { path: string; message: string }[];
  readonly requestId: string | undefined;
  /** The dashboard's own id of the failed request (its x-request-id header), for the logs. */
  readonly dashboardRequestId: string | undefined;

  constructor(
    status: number,
    body: {
      code: string;
      message: string;
      issues?: { path: string; message: string }[] | undefined;
      requestId?: string | undefined;
    },
    dashboardRequestId?: string,
  ) {
    super(body.message);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.issues = body.issues ?? [];
    this.requestId = body.requestId;
    this.dashboardRequestId = dashboardRequestId;
  }
}
