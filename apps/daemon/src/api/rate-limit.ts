export interface RateLimitOptions {
  /** Failed token checks an address may make in a burst. */
  burst: number;
  /** Failed checks given back per second. */
  refillPerS: number;
  /** Addresses remembered at most; the fullest buckets are forgotten first. */
  maxAddresses?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per remote address, spent by failed token checks only: a user with a good
 * token never meets it, while guessing tokens is slowed to `refillPerS` guesses a second.
 */
export class FailedAuthLimiter {
  private buckets = new Map<string, Bucket>();
  private readonly now: () => number;
  private readonly maxAddresses: number;

  constructor(private readonly o: RateLimitOptions) {
    this.now = o.now ?? Date.now;
    this.maxAddresses = o.maxAddresses ?? 10_000;
  }

  /** Seconds until `address` may try a token again, or 0 if it may now. */
  retryAfterS(address: string): number {
    const bucket = this.refilled(address);
    return bucket.tokens >= 1 ? 0 : Math.ceil((1 - bucket.tokens) / this.o.refillPerS);
  }

  /** Spends one failed attempt of `address`. */
  fail(address: string): void {
    const bucket = this.refilled(address);
    bucket.tokens = Math.max(0, bucket.tokens - 1);
    this.buckets.delete(address);
    this.buckets.set(address, bucket);
    if (this.buckets.size > this.maxAddresses) this.forgetFull();
  }

  private refilled(address: string): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(address);
    if (!bucket) return { tokens: this.o.burst, at: now };
    bucket.tokens = Math.min(this.o.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.o.refillPerS);
    bucket.at = now;
    return bucket;
  }

  /** Drops buckets that have refilled (they hold nothing), then the least recently failed. */
  private forgetFull(): void {
    for (const [address] of this.buckets) {
      if (this.refilled(address).tokens >= this.o.burst) this.buckets.delete(address);
    }
    for (const [address] of this.buckets) {
      if (this.buckets.size <= this.maxAddresses) break;
      this.buckets.delete(address);
    }
  }
}
