import type { Kysely, Selectable } from 'kysely';
import { newId } from './ids';
import type { ApiTokensTable, DatabaseSchema } from './schema';

export interface ApiToken {
  id: string;
  name: string;
  role: ApiTokensTable['role'];
  appId: string | null;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
  revokedBy: string | null;
}

export interface NewApiToken {
  name: string;
  tokenHash: string;
  role: ApiToken['role'];
  appId: string | null;
  createdBy: string;
  expiresAt: number | null;
}

/** last_used_at is written at most this often per token, so a busy CI job does not write on every call. */
const LAST_USED_RESOLUTION_MS = 60_000;

export class TokenRepository {
  constructor(
    private readonly db: Kysely<DatabaseSchema>,
    private readonly clock: () => number,
  ) {}

  async create(token: NewApiToken): Promise<ApiToken> {
    const row = {
      id: newId('t'),
      name: token.name,
      token_hash: token.tokenHash,
      role: token.role,
      app_id: token.appId,
      created_by: token.createdBy,
      created_at: this.clock(),
      expires_at: token.expiresAt,
      last_used_at: null,
      revoked_at: null,
      revoked_by: null,
    };
    await this.db.insertInto('api_tokens').values(row).execute();
    return toToken(row);
  }

  async list(): Promise<ApiToken[]> {
    const rows = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toToken);
  }

  /** The live token with this hash (not revoked, not expired), its last use recorded; undefined otherwise. */
  async use(tokenHash: string): Promise<ApiToken | undefined> {
    const now = this.clock();
    const row = await this.db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return undefined;
    if (row.last_used_at === null || row.last_used_at < now - LAST_USED_RESOLUTION_MS) {
      await this.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
      row.last_used_at = now;
    }
    return toToken(row);
  }

  /** Revokes a token; false when there is no such live token. */
  async revoke(id: string, actor: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_tokens')
      .set({ revoked_at: this.clock(), revoked_by: actor })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}

function toToken(row: Selectable<ApiTokensTable>): ApiToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    appId: row.app_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
  };
}
