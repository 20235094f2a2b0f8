/** The workspace roles, from most to least rights; labels live in the message catalogue. */
export const roles = ['admin', 'researcher', 'leader'] as const;
export type Role = (typeof roles)[number];
