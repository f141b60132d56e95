import type { ConsoleEvent } from './model';

type Listener = (e: ConsoleEvent) => void;

/**
 * The gateway's event stream (`/api/v1/events`, WebSocket, token as `access_token`): camera status, alerts, walls
 * and tours. Reconnects by itself after 1 s, doubling to 10 s; listeners get each event by its type.
 */
export class EventStream {
  private socket?: WebSocket;
  private readonly listeners = new Map<string, Listener[]>();
  private delay = 1000;
  private stopped = false;
  private timer?: number;
  connected = false;
  received = 0;
  /** Called when the stream is open again after a drop (events in between are lost). */
  onReconnect: () => void = () => undefined;
  private opened = false;

  constructor(private readonly token: string) {
  }

  /** Calls `listener` for every event of `type` ('*' for all). */
  on(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  start(): void {
    this.stopped = false;
    const url = new URL('/api/v1/events', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('access_token', this.token);
    const socket = new WebSocket(url.toString());
    this.socket = socket;
    socket.onopen = () => {
      this.connected = true;
      this.delay = 1000;
      if (this.opened) {
        this.onReconnect();
      }
      this.opened = true;
    };
    socket.onmessage = message => {
      if (typeof message.data !== 'string') {
        return;
      }
      let event: ConsoleEvent;
      try {
        event = JSON.parse(message.data) as ConsoleEvent;
      } catch {
        return;
      }
      this.received++;
      for (const l of [...(this.listeners.get(event.type) ?? []), ...(this.listeners.get('*') ?? [])]) {
        try {
          l(event);
        } catch (e) {
          console.error('event listener failed', event.type, e);
        }
      }
    };
    socket.onclose = () => {
      this.connected = false;
      if (!this.stopped) {
        this.timer = window.setTimeout(() => this.start(), this.delay);
        this.delay = Math.min(this.delay * 2, 10_000);
      }
    };
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.timer);
    this.socket?.close();
  }
}
