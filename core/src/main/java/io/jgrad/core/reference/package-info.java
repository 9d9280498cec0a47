/**
 * The reference CPU backend: each kernel is the plain loop from its definition, the oracle every other backend is
 * tested against.
 */
package io.jgrad.core.reference;
