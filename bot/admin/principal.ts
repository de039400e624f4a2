export const STAFF_ROLES = ['admin', 'staff', 'supervisor'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling /api/v1 or using the dashboard. */
export interface Principal {
  role: StaffRole;
  name: string;
  /** Unset for the ADMIN_API_KEY bootstrap key. */
  keyId?: number;
  /** Province codes a supervisor is limited to; empty = every province. */
  provinces: string[];
}

/** How the audit log names a principal. */
export function actorOf(principal: Principal): string {
  return principal.keyId === undefined ? principal.name : `key:${principal.keyId} ${principal.name}`;
}
