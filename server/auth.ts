/**
 * Who is talking. With AUTH_SECRET every interface requires an HS256 token whose `sub` is the
 * shopper id, and that id overrides any user id a payload names. Without it the server runs in an
 * open development mode that trusts the user id sent.
 */
import { SignJWT, jwtVerify } from "jose";
import { ApiError } from "./errors.js";
import { IdSchema } from "./ids.js";

export class Authenticator {
  private readonly key: Uint8Array | null;

  constructor(secret: string | undefined) {
    this.key = secret ? new TextEncoder().encode(secret) : null;
  }

  get open(): boolean {
    return this.key === null;
  }

  /** The shopper a request acts for: the token's subject, or (open mode only) the claimed id. */
  async userFor(token: string | undefined, claimedUserId: unknown): Promise<string> {
    return (await this.identify(token, claimedUserId)).userId;
  }

  /**
   * userFor plus when the token stops being valid (epoch ms; undefined in open mode), so that
   * long-lived Socket.IO and WebSocket connections can end when their token does.
   */
  async identify(token: string | undefined, claimedUserId: unknown): Promise<{ userId: string; expiresAt?: number }> {
    if (!this.key) {
      const claimed = IdSchema.safeParse(claimedUserId);
      if (claimedUserId === undefined) throw new ApiError("invalid_request", "a user id is required (open development mode: no AUTH_SECRET)");
      if (!claimed.success) throw new ApiError("invalid_request", `user id: ${claimed.error.issues[0]?.message ?? "invalid"}`);
      return { userId: claimed.data };
    }
    if (!token) throw new ApiError("unauthorized", "a bearer token is required");
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ["HS256"], requiredClaims: ["sub", "exp"] });
      const sub = IdSchema.safeParse(payload.sub);
      if (!sub.success) throw new ApiError("unauthorized", "the token's subject is not a valid user id");
      // requiredClaims guarantees exp; jose has checked it is a number in the future.
      return { userId: sub.data, expiresAt: (payload.exp ?? 0) * 1000 };
    } catch (e) {
      if (e instanceof ApiError) throw e;
      throw new ApiError("unauthorized", `invalid token (${e instanceof Error ? e.message : "unreadable"})`);
    }
  }

  /**
   * The member of staff behind a request: a valid token with `role: "staff"` (npm run token --
   * <id> --staff). Open development mode trusts everyone, staff endpoints included.
   */
  async staff(token: string | undefined): Promise<string> {
    return (await this.staffIdentity(token)).userId;
  }

  /** staff() plus when the token stops being valid (epoch ms; undefined in open mode), for live connections. */
  async staffIdentity(token: string | undefined): Promise<{ userId: string; expiresAt?: number }> {
    if (!this.key) return { userId: "staff" };
    if (!token) throw new ApiError("unauthorized", "a staff bearer token is required");
    let payload: { sub?: unknown; role?: unknown; exp?: number };
    try {
      ({ payload } = await jwtVerify(token, this.key, { algorithms: ["HS256"], requiredClaims: ["sub", "exp"] }));
    } catch (e) {
      throw new ApiError("unauthorized", `invalid token (${e instanceof Error ? e.message : "unreadable"})`);
    }
    if (payload.role !== "staff") throw new ApiError("forbidden", "only staff can see or answer handed-over conversations");
    return { userId: String(payload.sub), expiresAt: (payload.exp ?? 0) * 1000 };
  }
}

/** True once a connection's token has expired (never in open mode, where there is no token). */
export function tokenExpired(expiresAt: number | undefined, now = Date.now()): boolean {
  return expiresAt !== undefined && now >= expiresAt;
}

/** Resources named by a user id (a path, a conversation id) belong to that shopper alone. */
export function assertOwner(actingUserId: string, ownerUserId: string, open: boolean): void {
  if (!open && actingUserId !== ownerUserId) throw new ApiError("forbidden", "this conversation belongs to another shopper");
}

/** A token for one shopper, or (role "staff") for a member of staff who answers handed-over conversations. */
export async function signShopperToken(secret: string, userId: string, ttl = "12h", role?: "staff"): Promise<string> {
  IdSchema.parse(userId);
  return new SignJWT(role ? { role } : {})
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}

/** "Bearer <token>" from an Authorization header. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}
