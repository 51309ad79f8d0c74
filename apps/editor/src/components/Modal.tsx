/** A simple modal dialog (native <dialog> semantics without the top-layer quirks) and a confirm dialog. */
import { type ReactNode, useEffect } from 'react';

export function Modal(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  const { onClose } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: backdrop click closes; Escape is handled on window
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        className={`modal${props.wide ? ' wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        data-testid={props.testId}
      >
        <header className="modal-head">
          <h2>{props.title}</h2>
          <button type="button" className="btn ghost icon" onClick={onClose} aria-label="Close">
            ×
          </button>
        </header>
        <div className="modal-body">{props.children}</div>
        {props.footer && <footer className="modal-foot">{props.footer}</footer>}
      </div>
    </div>
  );
}

/** The usual footer: Cancel, then one primary (or danger) action. */
export function ModalActions(props: {
  label: string;
  onCancel: () => void;
  onConfirm: () => void;
  disabled?: boolean;
  danger?: boolean;
  testId?: string;
}) {
  return (
    <>
      <button type="button" className="btn" onClick={props.onCancel}>
        Cancel
      </button>
      <button
        type="button"
        className={`btn ${props.danger ? 'danger' : 'primary'}`}
        onClick={props.onConfirm}
        disabled={props.disabled}
        data-testid={props.testId}
      >
        {props.label}
      </button>
    </>
  );
}

export function ConfirmDialog(props: {
  title: string;
  message: string;
  confirmLabel?: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <Modal
      title={props.title}
      onClose={props.onCancel}
      testId="confirm-dialog"
      footer={
        <ModalActions
          label={props.confirmLabel ?? 'OK'}
          onCancel={props.onCancel}
          onConfirm={props.onConfirm}
          danger={props.danger}
          testId="confirm-ok"
        />
      }
    >
      <p>{props.message}</p>
    </Modal>
  );
}
