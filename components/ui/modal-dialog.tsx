'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import styles from './modal-dialog.module.css';

interface ModalDialogProps {
  open: boolean;
  title: string;
  /** Called for Escape and for the close button; the caller decides whether to close. */
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
}

/**
 * A native modal <dialog>: showModal() makes the rest of the page inert, keeps focus
 * inside and closes on Escape, so no hand-rolled trap. The element marked
 * `data-autofocus` gets the first focus.
 */
export function ModalDialog({ open, title, onClose, children, footer }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      dialog.showModal();
      // React does not render the autofocus attribute, so the caller marks its choice.
      dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby="modal-dialog-title"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div className={styles.head}>
        <h2 id="modal-dialog-title">{title}</h2>
        <button type="button" className={`btn btn-sm ${styles.close}`} onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      <div className={styles.body}>{children}</div>
      {footer ? <div className={styles.footer}>{footer}</div> : null}
    </dialog>
  );
}
