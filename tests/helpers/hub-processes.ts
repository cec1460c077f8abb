import fs from 'node:fs';

/** The processes a hub's supervisor runs, by role (HUB_ROLE in their environment), read from /proc (Linux). */
export function hubProcesses(supervisorPid: number): { pid: number; role: string }[] {
  const found: { pid: number; role: string }[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = Number(fs.readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
      if (parent !== supervisorPid) continue;
      const role = /(?:^|\0)HUB_ROLE=([a-z]+)/.exec(fs.readFileSync(`/proc/${entry}/environ`, 'utf8'))?.[1];
      if (role) found.push({ pid: Number(entry), role });
    } catch {
      // The process ended while it was being read.
    }
  }
  return found;
}
