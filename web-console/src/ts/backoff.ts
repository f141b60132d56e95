/** Reconnect delays: 1 s, doubling to at most 10 s, back to 1 s once a stream has played. */
export class Backoff {
  private next: number;

  constructor(private readonly firstMs = 1000, private readonly maxMs = 10_000) {
    this.next = firstMs;
  }

  /** The delay before the next attempt; each call doubles the following one up to the cap. */
  delay(): number {
    const d = this.next;
    this.next = Math.min(this.next * 2, this.maxMs);
    return d;
  }

  /** Playback worked: the next failure retries quickly again. */
  reset(): void {
    this.next = this.firstMs;
  }
}
