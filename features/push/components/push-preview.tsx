import { toDataJson, toDistDataJson } from '@/lib/ens/data-files';
import { toDistStrategyJson, toPushStrategyJson } from '@/lib/ens/strategy';
import { buildCliCommand } from '@/features/push/model/cli-command';
import type { PushRequest } from '@/features/push/model/validate';
import { CopyButton } from '@/components/ui/copy-button';
import sections from './push-sections.module.css';
import styles from './push-preview.module.css';

interface Props {
  appId: string;
  request: PushRequest | undefined;
  regionIds: string[];
}

/** Exactly what PushApplicationData will receive, built by the same functions the server uses. */
export function PushPreview({ appId, request, regionIds }: Props) {
  const built = request ? build(appId, request, regionIds) : undefined;
  return (
    <section className={`card ${sections.section}`} aria-labelledby="preview-heading">
      <div>
        <h2 id="preview-heading">4. Preview</h2>
        <p className={sections.lead}>The parameters ENS receives, and the same call for the aliyun CLI.</p>
      </div>
      {!built ? (
        <p className={styles.placeholder}>
          The preview appears when every field above is valid and a region choice is made.
        </p>
      ) : (
        <>
          <Block label="Data" text={built.data} />
          <Block label="PushStrategy" text={built.strategy} />
          <Block label="CLI command" text={built.cli} />
          {built.dist ? (
            <details className={styles.details}>
              <summary>Then, per region as its pre-push succeeds: DistApplicationData</summary>
              <Block label="DistApplicationData Data" text={built.dist.data} />
              <Block label="DistStrategy (all targeted regions)" text={built.dist.strategy} />
            </details>
          ) : null}
        </>
      )}
    </section>
  );
}

function build(appId: string, request: PushRequest, regionIds: string[]) {
  try {
    const data = toDataJson(request.data);
    const strategy = toPushStrategyJson(request.strategy, regionIds);
    const targeted = (JSON.parse(strategy) as { parameters: { values: string[] } }).parameters.values;
    const distribute = request.distribute;
    const dist = distribute
      ? {
          data: toDistDataJson(request.data.map((d) => ({ name: d.name, version: d.version, ...distribute }))),
          strategy: toDistStrategyJson(targeted),
        }
      : undefined;
    return { data, strategy, cli: buildCliCommand(appId, data, strategy), dist };
  } catch {
    return undefined;
  }
}

function Block({ label, text }: { label: string; text: string }) {
  return (
    <div className={styles.block}>
      <div className={styles.blockHead}>
        <h3>{label}</h3>
        <CopyButton text={text} label={label} />
      </div>
      {/* Focusable so keyboard users can scroll it; a named region so that focus is announced. */}
      <pre className={styles.pre} tabIndex={0} role="region" aria-label={label} data-testid={`preview-${label}`}>
        {text}
      </pre>
    </div>
  );
}
