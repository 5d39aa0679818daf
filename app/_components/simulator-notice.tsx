import { connection } from 'next/server';
import { getConfig } from '@/lib/config';

/** On every page in simulator mode: what the numbers are, and how to reach a real account. */
export async function SimulatorNotice() {
  await connection();
  if (getConfig().mode !== 'simulator') return null;
  return (
    <div className="sim-notice" role="note">
      <strong>Simulator mode.</strong> The dashboard talks to an embedded ENS simulator with a seeded fleet, not Alibaba
      Cloud.
      <span className="sim-notice-more">
        {' '}
        Set <code>ENS_MODE=live</code> and credentials to work with a real account.
      </span>
    </div>
  );
}
