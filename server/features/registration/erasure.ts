import type { Tx } from '../../db/knex.js';
import { deleteAnswers } from '../../db/questions.js';
import { deleteParticipantData } from '../../db/participantData.js';
import { anonymiseRegistration } from '../../db/registrations.js';
import { audit } from '../../db/audit.js';
import type { ServiceContext } from '../../context.js';
import { viewRegistration } from './register.js';
import type { Registration } from '../../domain/types.js';
import { releaseSeats } from './releaseSeats.js';

/**
 * The person deletes their registration, in one transaction: an active one frees its
 * places (which go to the waitlist, through the capacity runner like every freed place),
 * then what identifies the person is erased, their answers to the event's questions and their
 * ESF+ participant data (the special categories with it) too; the
 * certificates issued to them stay in the register of issued certificates, valid. Either
 * all of it happens or none of it.
 */
export async function eraseRegistration(ctx: ServiceContext, token: string): Promise<void> {
  const { registration } = await viewRegistration(ctx, token);
  await eraseRegistrationOf(ctx, registration);
}

/** The erasure of a registration, wherever the request to erase it came from (its link, its address). */
export async function eraseRegistrationOf(ctx: ServiceContext, registration: Registration): Promise<void> {
  const erase = async (trx: Tx, now: Date): Promise<void> => {
    await anonymiseRegistration(trx, registration.id, now);
    await deleteAnswers(trx, [registration.id]);
    await deleteParticipantData(trx, [registration.id]);
    // Issued certificates are left as they are, valid and naming their holder: the
    // certificates table is the issuer's register of issued certificates, which the issuer
    // must keep whoever asks to be forgotten (a certificate is evidence of professional
    // development a school or the ministry may check for years), and the name is part of
    // what was certified, fixed as issued (the holder carries it on the paper or PDF they
    // hand over). /verify shows the number, hours, dates and that name, never an e-mail
    // address. The privacy notice says so (privacy.certificatesKept). Only an organizer's
    // revoke (features/certificates) makes a certificate revoked.
    await audit(
      trx,
      { actor: 'participant', action: 'registration.erase', targetType: 'registration', targetId: registration.id },
      now,
    );
  };
  if (registration.status === 'active') {
    await releaseSeats(ctx, registration, (seats) => seats.filter((s) => s.status !== 'cancelled'), {
      wholeRegistration: true,
      andThen: ({ trx, now }) => erase(trx, now),
    });
    return;
  }
  const now = ctx.clock();
  await ctx.db.knex.transaction((trx) => erase(trx, now));
}
