/** One way of getting a live stream into a video element; the LivePlayer restarts a failed engine. */
export interface Engine {
  /** Starts loading into the element; calls the listener when the stream fails or ends. */
  start(listener: EngineListener): void;
  /** Stops loading and frees the element; safe to call twice. */
  stop(): void;
}

/** What an engine reports to its player. */
export interface EngineListener {
  /** Media bytes received from the network. */
  bytes(count: number): void;
  /**
   * The stream failed or ended. A fatal failure (the browser cannot decode this codec) is not retried:
   * reconnecting would fail the same way.
   */
  failed(reason: string, fatal: boolean): void;
  /** The stream declared its type, e.g. the fMP4 description's MIME type and whether MSE supports it. */
  described(mimeType: string, supported: boolean): void;
}
