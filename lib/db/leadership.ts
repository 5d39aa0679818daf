import type pg from 'pg';

/**
 * Which replica runs the watcher and the background distributor.
 *
 * PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) taken on one
 * pool client that is then kept checked out for as long as this process leads. The
 * lock belongs to that server session, so it is released when we release it, when
 * the process exits, or when the connection dies (server restart, network loss
 * detected by TCP keepalive); another replica's next `tryAcquireLeadership` then
 * wins. `isLeader()` re-checks that the session is alive and still holds the lock,
 * so a leader notices a lost connection on its next check rather than believing it
 * still leads. Callers should check before each unit of leader-only work.
 *
 * SQLite: one process owns the file, so leadership is always true.
 */
export interface Leadership {
  /** True if this process now holds (or already held) the lease for `lockKey`. */
  tryAcquireLeadership(lockKey: number): Promise<boolean>;
  /** Gives the lease up; a no-op when not held. */
  releaseLeadership(): Promise<void>;
  /** Whether the lease is still held, checked against the server. */
  isLeader(): Promise<boolean>;
}

export class SingleProcessLeadership implements Leadership {
  async tryAcquireLeadership(lockKey: number): Promise<boolean> {
    assertLockKey(lockKey);
    return true;
  }

  async releaseLeadership(): Promise<void> {}

  async isLeader(): Promise<boolean> {
    return true;
  }
}

const HEALTH_CHECK_TIMEOUT_MS = 5_000;

interface Lease {
  client: pg.PoolClient;
  key: number;
  lost: boolean;
  /** Returns the client to the pool (destroyed with an error), taking our listener off it. */
  release(error?: Error): void;
}

export class AdvisoryLockLeadership implements Leadership {
  private lease: Lease | null = null;

  constructor(private readonly pool: pg.Pool) {}

  async tryAcquireLeadership(lockKey: number): Promise<boolean> {
    assertLockKey(lockKey);
    if (this.lease && this.lease.key === lockKey && (await this.isLeader())) return true;
    await this.releaseLeadership();
    const client = await this.pool.connect();
    // A checked-out client has no pool listener: without this, a dropped connection
    // would be an unhandled 'error' event and crash the process. The pool hands the
    // same client out again, so the listener must come off with every release, or a
    // follower grows one per attempt.
    const onError = () => {
      lease.lost = true;
    };
    const lease: Lease = {
      client,
      key: lockKey,
      lost: false,
      release(error) {
        client.removeListener('error', onError);
        client.release(error);
      },
    };
    client.on('error', onError);
    try {
      const { rows } = await client.query<{ acquired: boolean }>(
        'select pg_try_advisory_lock($1::bigint) as acquired',
        [lockKey],
      );
      if (rows[0]?.acquired !== true) {
        lease.release();
        return false;
      }
    } catch (error) {
      lease.release(toError(error));
      throw error;
    }
    this.lease = lease;
    return true;
  }

  async releaseLeadership(): Promise<void> {
    const lease = this.lease;
    if (!lease) return;
    this.lease = null;
    if (lease.lost) {
      lease.release(new Error('leader connection lost'));
      return;
    }
    try {
      await lease.client.query('select pg_advisory_unlock($1::bigint)', [lease.key]);
      lease.release();
    } catch (error) {
      // Destroying the connection ends the session, which frees the lock anyway.
      lease.release(toError(error));
    }
  }

  async isLeader(): Promise<boolean> {
    const lease = this.lease;
    if (!lease) return false;
    if (!lease.lost && (await this.stillHolds(lease))) return true;
    lease.lost = true;
    await this.releaseLeadership();
    return false;
  }

  /** Asks pg_locks whether this very session still holds the lock (bigint key = classid<<32 | objid). */
  private async stillHolds(lease: Lease): Promise<boolean> {
    const check = lease.client.query<{ held: boolean }>(
      `select exists (
         select 1 from pg_locks
         where locktype = 'advisory' and granted and objsubid = 1 and pid = pg_backend_pid()
           and ((classid::bigint << 32) | objid::bigint) = $1::bigint
       ) as held`,
      [lease.key],
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('leader health check timed out')), HEALTH_CHECK_TIMEOUT_MS);
    });
    try {
      const { rows } = await Promise.race([check, timeout]);
      return rows[0]?.held === true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

function assertLockKey(lockKey: number): void {
  if (!Number.isSafeInteger(lockKey)) throw new RangeError('lockKey must be a safe integer (a PostgreSQL bigint)');
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
