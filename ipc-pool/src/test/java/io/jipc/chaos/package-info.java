/**
 * The chaos suite and the soak (JUnit tags {@code chaos} and {@code soak}): pools, locks and shm channels under
 * random {@code kill -9} and SIGSTOP/SIGCONT, and under steady load, checked for lost work and leaked resources.
 */
package io.jipc.chaos;
