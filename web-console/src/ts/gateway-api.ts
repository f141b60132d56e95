/** The gateway's REST API, as far as the console's live view needs it (`/api/v1`, DESIGN.md). */
const BASE = '/api/v1';

/** A failed API call: the HTTP status and the gateway's error message. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** What `POST /api/v1/cameras/{id}/live` answers. */
export interface LiveGrant {
  cameraId: string;
  token: string;
  expiresAt: string;
}

/** Logs in; returns the session's bearer token. */
export async function login(username: string, password: string): Promise<string> {
  const reply = await call('POST', '/auth/login', undefined, { username, password }) as { token: string };
  return reply.token;
}

/** A short-lived live token for one camera, issued only to a user allowed to see it. */
export async function liveGrant(session: string, cameraId: string): Promise<LiveGrant> {
  return await call('POST', `/cameras/${encodeURIComponent(cameraId)}/live`, session) as LiveGrant;
}

async function call(method: string, path: string, session?: string, body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (session) {
    headers.Authorization = `Bearer ${session}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(BASE + path, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin',
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: keep the text
    }
    throw new ApiError(response.status, `${method} ${path}: ${response.status} ${message}`.trim());
  }
  return text ? JSON.parse(text) : undefined;
}
