import type { Channel } from './channels.ts';

/**
 * Where to send someone who shares `url` on a channel: the network's own share page, an email
 * draft, or undefined for channels handled on the page (copy, QR code, the native share sheet).
 */
export function channelShareUrl(channel: Channel, url: string, title: string): string | undefined {
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  switch (channel) {
    case 'x':
      return `https://x.com/intent/post?text=${t}&url=${u}`;
    case 'linkedin':
      return `https://www.linkedin.com/sharing/share-offsite/?url=${u}`;
    case 'facebook':
      return `https://www.facebook.com/sharer/sharer.php?u=${u}`;
    case 'whatsapp':
      return `https://wa.me/?text=${encodeURIComponent(`${title} ${url}`)}`;
    case 'email':
      return `mailto:?subject=${t}&body=${encodeURIComponent(`${title}\n\n${url}`)}`;
    default:
      return undefined;
  }
}

/** Channels offered as buttons, in order, with their labels. */
export const channelButtons: { channel: Channel; label: string }[] = [
  { channel: 'whatsapp', label: 'WhatsApp' },
  { channel: 'x', label: 'X' },
  { channel: 'linkedin', label: 'LinkedIn' },
  { channel: 'facebook', label: 'Facebook' },
  { channel: 'email', label: 'Email' },
  { channel: 'copy', label: 'Copy link' },
  { channel: 'qr', label: 'QR code' },
];
