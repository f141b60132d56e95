/** The gateway's REST API (`/api/v1`, DESIGN.md, gateway/src/main/resources/openapi.yaml). */
const BASE = '/api/v1';

/** A failed API call: the HTTP status and the gateway's error message. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string, readonly body?: unknown) {
    super(message);
  }
}

/** What `POST /api/v1/cameras/{id}/live` answers. */
export interface LiveGrant {
  cameraId: string;
  token: string;
  expiresAt: string;
}

/** A logged-in user, as `POST /auth/login` and `GET /auth/me` answer. */
export interface User {
  username: string;
  role: string;
  siteId: string | null;
}

/** Logs in; returns the session's bearer token. */
export async function login(username: string, password: string): Promise<string> {
  return (await loginUser(username, password)).token;
}

/** Logs in; returns the session's bearer token and the user. */
export async function loginUser(username: string, password: string): Promise<{ token: string; user: User }> {
  return await call('POST', '/auth/login', undefined, { username, password }) as { token: string; user: User };
}

/** The API as one logged-in user calls it (bearer token). */
export class Api {
  constructor(readonly token: string, readonly user: User) {
  }

  get<T>(path: string): Promise<T> {
    return call('GET', path, this.token) as Promise<T>;
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return call('POST', path, this.token, body) as Promise<T>;
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return call('PUT', path, this.token, body) as Promise<T>;
  }

  delete(path: string): Promise<unknown> {
    return call('DELETE', path, this.token);
  }

  /** A binary resource (a snapshot) as an object URL, or null when there is none (404). */
  async blobUrl(path: string): Promise<string | null> {
    const response = await fetch(BASE + path, { headers: { Authorization: `Bearer ${this.token}` } });
    return response.ok ? URL.createObjectURL(await response.blob()) : null;
  }
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
    let body: unknown;
    try {
      body = JSON.parse(text);
      message = (body as { error?: string }).error ?? text;
    } catch {
      // not JSON: keep the text
    }
    throw new ApiError(response.status, `${method} ${path}: ${response.status} ${message}`.trim(), body);
  }
  return text ? JSON.parse(text) : undefined;
}
