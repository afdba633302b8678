/** Spring Boot auto-configuration of mydatakit's provider agency gate. */
package org.mydatakit.spring.boot;
