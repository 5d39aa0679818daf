import type { Metadata } from 'next';
import { connection } from 'next/server';
import { describeDialect } from '@/lib/ens/dialect';
import { getCalibrator } from '@/lib/server/calibration';
import { summarizeCalibration } from '@/lib/server/calibration/summary';

export const metadata: Metadata = { title: 'Diagnostics' };

/** How the configured ENS endpoint reads the questions its documentation leaves open, as calibration found. */
export default async function DiagnosticsPage() {
  await connection();
  const outcome = await getCalibrator()
    .ensure()
    .then(
      (calibration) => ({ calibration, failure: null }),
      (err: unknown) => ({
        calibration: undefined,
        failure: err instanceof Error ? err.message : 'calibration failed',
      }),
    );
  const failure = outcome.failure;
  const summary = summarizeCalibration(outcome.calibration);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Diagnostics</h1>
          <p>
            How this ENS endpoint answers where its documentation leaves a choice open. Found by read-only probes on
            first contact and daily.
          </p>
        </div>
      </div>
      {!summary ? (
        <div className="card card-pad" role="status">
          Not calibrated yet{failure ? `: ${failure}` : ''}. Reads check their own completeness meanwhile.
        </div>
      ) : (
        <div className="card card-pad">
          <p>
            <strong>{describeDialect(summary.dialect)}</strong>
          </p>
          <table aria-label="Calibration">
            <tbody>
              <tr>
                <th scope="row">Endpoint</th>
                <td>
                  <code>{summary.endpoint}</code>
                </td>
              </tr>
              <tr>
                <th scope="row">Calibrated</th>
                <td>{summary.calibratedAt}</td>
              </tr>
              <tr>
                <th scope="row">Page-size cap</th>
                <td data-testid="page-cap">
                  {summary.dialect.pageCap ?? 'none found'} ({summary.dialect.pageCapMode})
                </td>
              </tr>
              <tr>
                <th scope="row">PageSize honoured up to</th>
                <td>{summary.dialect.honouredUpTo ?? 'unknown'}</td>
              </tr>
              <tr>
                <th scope="row">TotalCount counts</th>
                <td data-testid="total-count-unit">{summary.dialect.totalCountUnit}</td>
              </tr>
              <tr>
                <th scope="row">InstanceCount scope</th>
                <td data-testid="instance-count-scope">{summary.dialect.instanceCountScope}</td>
              </tr>
              <tr>
                <th scope="row">UpdateTime before StartTime seen</th>
                <td>{summary.timeSkewSeen ? 'yes' : 'no'}</td>
              </tr>
              <tr>
                <th scope="row">Probe calls</th>
                <td>
                  {summary.calls}
                  {summary.appId ? (
                    <>
                      {' '}
                      on <code>{summary.appId}</code>
                    </>
                  ) : null}
                </td>
              </tr>
            </tbody>
          </table>
          {summary.notes.length > 0 ? (
            <>
              <h2>Notes</h2>
              <ul>
                {summary.notes.map((note) => (
                  <li key={note}>{note}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      )}
    </div>
  );
}
