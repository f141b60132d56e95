/** The API's records, as far as the console reads them (openapi.yaml, docs/health.md, WALLS-API.md). */
export type Status = 'UNKNOWN' | 'ONLINE' | 'DEGRADED' | 'OFFLINE';

export interface Site {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
}

export interface Camera {
  id: string;
  name: string;
  siteId: string;
  tier: string;
  tags: string[];
  status: Status;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  ip: string | null;
  vendor: string;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface AlertCamera {
  name: string;
  siteId: string;
  sitePath: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
}

export interface Alert {
  id: string;
  cameraId: string;
  kind: string;
  state: string;
  openedAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  assignee: string | null;
  note: string | null;
  detail: string | null;
  durationSeconds: number;
  camera: AlertCamera | null;
}

export interface CameraHealth {
  cameraId: string;
  status: Status;
  reason: string | null;
  since: string | null;
  lastError: string | null;
  lastFrameAt: string | null;
}

export interface Tile {
  index: number;
  cameraId: string | null;
  profile: 'main' | 'sub' | null;
  span?: { rows: number; cols: number };
}

export interface Wall {
  id: string;
  name: string;
  siteId: string;
  layout: string;
  grid: { rows: number; cols: number };
  tiles: Tile[];
  alarmTile: number | null;
  version: number;
  updatedBy?: string;
  updatedAt?: string;
}

export interface Tour {
  id: string;
  name: string;
  siteId: string;
  cameraIds: string[];
  dwellSeconds: number;
  profile?: 'main' | 'sub' | null;
  version: number;
}

export interface TourRun {
  runId: string;
  wallId: string;
  tourId: string;
  tile: number | null;
  step: number;
}

export interface OnlineRate {
  cameras: number;
  onlineSeconds: number;
  intactSeconds: number;
  expectedSeconds: number;
  onlineRate?: number | null;
  intactRate?: number | null;
}

export interface OnlineRateReport {
  siteId: string;
  from: string;
  to: string;
  total: OnlineRate;
  byTier: Record<string, OnlineRate>;
  bySite: { siteId: string; name: string; rate: OnlineRate }[];
}

/** An event of `/api/v1/events`: health events and wall events share the envelope. */
export interface ConsoleEvent {
  id: string;
  type: string;
  at: string;
  cameraId: string | null;
  siteId: string | null;
  alert?: Alert;
  status?: CameraHealth;
  wall?: Wall;
  wallId?: string;
  runId?: string;
  tile?: number | null;
  step?: number;
  inSeconds?: number;
}
