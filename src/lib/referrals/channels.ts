/** Where an advocate shares a story (zod-free, so the share panel's browser script stays small). */
export const channels = ['copy', 'x', 'linkedin', 'facebook', 'whatsapp', 'email', 'qr', 'native', 'other'] as const;
export type Channel = (typeof channels)[number];

export const isChannel = (value: unknown): value is Channel => channels.includes(value as Channel);
